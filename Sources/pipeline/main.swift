import PipelineCommands

await PipelineCommand.start()
