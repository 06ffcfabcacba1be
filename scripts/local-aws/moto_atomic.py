"""Makes moto's DynamoDB item operations atomic with respect to each other, as DynamoDB's are.

moto's server answers requests on several threads and its in-memory DynamoDB backend takes no
lock: two TransactWriteItems (or two conditional PutItems) on the same item that arrive at once
can both check their condition before either writes, and both succeed, which DynamoDB never
allows. Tests of optimistic concurrency (two approvals racing for one slot, two drivers racing
for one lease) then fail by chance under load. One lock around every item read and write of the
backend restores the isolation the real service guarantees; nothing else changes.
"""
import functools
import threading

_lock = threading.RLock()
_OPERATIONS = ("put_item", "update_item", "delete_item", "get_item", "query", "scan", "batch_get_item",
               "batch_write_item", "transact_get_items", "transact_write_items")


def install():
    from moto.dynamodb.models import DynamoDBBackend

    for name in _OPERATIONS:
        original = getattr(DynamoDBBackend, name, None)
        if original is None or getattr(original, "_pipeline_atomic", False):
            continue

        def atomic(self, *args, _original=original, **kwargs):
            with _lock:
                return _original(self, *args, **kwargs)

        functools.update_wrapper(atomic, original)
        atomic._pipeline_atomic = True
        setattr(DynamoDBBackend, name, atomic)
