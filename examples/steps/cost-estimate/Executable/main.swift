// pipeline-step-cost-estimate: the cost-estimate step module (see CostEstimate.swift).
import CostEstimate
import PipelineStepKit

await CostEstimate.module.main()
