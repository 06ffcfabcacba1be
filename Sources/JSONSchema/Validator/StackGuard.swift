import Dispatch
import Foundation

#if canImport(Glibc)
// The C types of pthreads (pthread_attr_t's initializer) come through CDispatch's module map here.
import CDispatch
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Knows how far down the current thread's stack may grow, so that evaluation of a deep
/// instance or a recursive schema stops with an issue instead of overflowing the stack.
enum StackGuard {
    /// Bytes kept free below the limit (issue reporting needs some stack itself).
    static let margin: UInt = 192 * 1024

    private static let key: pthread_key_t = {
        var key = pthread_key_t()
        pthread_key_create(&key, nil)
        return key
    }()

    /// The lowest address evaluation may reach on the current thread (cached per thread).
    static func limit() -> UInt {
        if let cached = pthread_getspecific(key) { return UInt(bitPattern: cached) }
        let limit = computeLimit()
        pthread_setspecific(key, UnsafeMutableRawPointer(bitPattern: limit))
        return limit
    }

    /// An address near the top of the current stack frame.
    @inline(__always) static func currentAddress() -> UInt {
        var marker: UInt8 = 0
        return withUnsafeMutablePointer(to: &marker) { UInt(bitPattern: $0) }
    }

    private static func computeLimit() -> UInt {
        #if os(Linux)
        // pthread_getattr_np is a GNU extension the Glibc module does not import: look it up.
        typealias GetAttr = @convention(c) (pthread_t, UnsafeMutablePointer<pthread_attr_t>) -> Int32
        var attributes = pthread_attr_t()
        if let symbol = dlsym(nil, "pthread_getattr_np"),
            unsafeBitCast(symbol, to: GetAttr.self)(pthread_self(), &attributes) == 0
        {
            defer { pthread_attr_destroy(&attributes) }
            var address: UnsafeMutableRawPointer?
            var size = 0
            if pthread_attr_getstack(&attributes, &address, &size) == 0, let address {
                return UInt(bitPattern: address) + margin
            }
        }
        #elseif canImport(Darwin)
        let top = UInt(bitPattern: pthread_get_stackaddr_np(pthread_self()))
        return top - UInt(pthread_get_stacksize_np(pthread_self())) + margin
        #endif
        // Unknown bounds: assume the smallest common thread stack (512 KiB).
        return currentAddress() - 512 * 1024 + margin
    }

    /// Runs `body` on a new thread with a large stack and waits for its result.
    static func onLargeStack<T: Sendable>(bytes: Int = 256 << 20, _ body: @escaping @Sendable () -> T) -> T {
        let box = ResultBox<T>()
        let done = DispatchSemaphore(value: 0)
        let thread = Thread {
            box.value = body()
            done.signal()
        }
        thread.stackSize = bytes
        thread.start()
        done.wait()
        return box.value!
    }
}

/// Carries a result out of ``StackGuard/onLargeStack(bytes:_:)``.
// @unchecked Sendable: written once by the worker thread before it signals the semaphore,
// read by the waiting thread only after the wait returns (the semaphore orders the accesses).
private final class ResultBox<T>: @unchecked Sendable {
    var value: T?
}
