import PipelineBasics

/// Why a job cannot take its part of a joined run.
enum JoinedRunError: Error, PipelineError, Equatable {
    case dependencyNotDone(run: String, stage: String, dependency: String, status: String)
    case otherPipeline(run: String, pipeline: String, file: String)

    var isUserError: Bool { true }

    var description: String {
        switch self {
        case .dependencyNotDone(let run, let stage, let dependency, let status):
            "stage '\(stage)' cannot run in run \(run): stage '\(dependency)' before it has not succeeded there (\(status)); its job runs first"
        case .otherPipeline(let run, let pipeline, let file):
            "run \(run) is a run of pipeline '\(pipeline)', not of '\(file)': give each pipeline's jobs their own run ids"
        }
    }
}
