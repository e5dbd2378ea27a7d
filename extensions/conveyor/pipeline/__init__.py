"""Pipelines: a DAG of orders and jobs, previewed, run, resumed and pictured.

Nodes are lazy handles (`Pipeline.order`, `Pipeline.job`, `Pipeline.upload`,
`Pipeline.artifact`, `Pipeline.collection`, fan-out with `Pipeline.map`,
fan-in with `Pipeline.collect` or a list in a job's request); passing one
node's output (``node.products[0]``, ``node.product("name")``,
``node.result``) to another makes an edge. The work runs on the platform:
the SDK plans (`Pipeline.plan`, no writes), submits in topological order
(`Pipeline.run`), journals each node locally and as an aspect on the
platform, and resumes (`Pipeline.resume`) without sending anything twice::

    from conveyor import Client

    with Client() as client:
        p = client.pipeline("word-counts")
        texts = [p.upload("a.txt"), p.upload("b.txt")]
        counts = p.map("word-count", over=texts, param="text", min_length=3)
        p.collect(counts.products, "summary")
        print(p.plan().describe())
        run = p.run(max_parallel=4)
        print(run.to_ascii())
"""

from ._api import AsyncPipeline, Pipeline, find_run, list_runs
from ._errors import CycleError, PipelineError, PipelineFailed
from ._journal import NODE_SCHEMA, RUN_SCHEMA
from ._nodes import Node, Output
from ._plan import Plan, PlannedStep
from ._result import AsyncPipelineRun, AsyncRunNode, PipelineRun, RunNode

__all__ = [
    "NODE_SCHEMA",
    "RUN_SCHEMA",
    "AsyncPipeline",
    "AsyncPipelineRun",
    "AsyncRunNode",
    "CycleError",
    "Node",
    "Output",
    "Pipeline",
    "PipelineError",
    "PipelineFailed",
    "PipelineRun",
    "Plan",
    "PlannedStep",
    "RunNode",
    "find_run",
    "list_runs",
]
