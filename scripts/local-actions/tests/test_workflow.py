import unittest

from local_actions.workflow import Workflow, WorkflowError, matches_filters, push_matches

BASE = """
on: push
jobs:
  a:
    runs-on: x
    steps: [{run: echo}]
"""


class Loading(unittest.TestCase):
    def test_permissions(self):
        w = Workflow("w.yml", """
on: [push, workflow_dispatch]
permissions: {contents: read, id-token: write}
jobs:
  a: {runs-on: x, steps: [{run: x}]}
  b: {runs-on: x, permissions: {actions: write}, steps: [{run: x}]}
  c: {runs-on: x, permissions: write-all, steps: [{run: x}]}
""")
        self.assertEqual(w.jobs["a"].permissions.get("id-token"), "write")
        self.assertEqual(w.jobs["b"].permissions.get("actions"), "write")
        self.assertNotIn("id-token", w.jobs["b"].permissions, "a job's permissions replace the workflow's")
        self.assertEqual(w.jobs["c"].permissions.get("id-token"), "write")
        self.assertEqual(Workflow("d.yml", BASE).jobs["a"].permissions, {"contents": "read", "metadata": "read", "packages": "read"})

    def test_unsupported_keys_name_file_line_job_and_key(self):
        with self.assertRaises(WorkflowError) as caught:
            Workflow("w.yml", "on: push\njobs:\n  build:\n    runs-on: x\n    strategy: {matrix: {a: [1]}}\n    steps: [{run: x}]\n")
        self.assertIn(".github/workflows/w.yml: line 5: jobs.build.strategy", str(caught.exception))
        with self.assertRaises(WorkflowError) as caught:
            Workflow("w.yml", "on: push\njobs:\n  build:\n    runs-on: x\n    steps:\n      - run: x\n        bogus: 1\n")
        self.assertIn("line 7: jobs.build.steps[0].bogus", str(caught.exception))
        with self.assertRaises(WorkflowError) as caught:
            Workflow("w.yml", BASE + "  b:\n    runs-on: x\n    services: {}\n    steps: [{run: x}]\n")
        self.assertIn("jobs.b.services", str(caught.exception))

    def test_graph_errors(self):
        with self.assertRaises(WorkflowError) as caught:
            Workflow("w.yml", BASE + "    needs: [ghost]\n")
        self.assertIn("unknown job 'ghost'", str(caught.exception))
        cyclic = "on: push\njobs:\n  a: {runs-on: x, needs: b, steps: [{run: x}]}\n  b: {runs-on: x, needs: a, steps: [{run: x}]}\n"
        with self.assertRaises(WorkflowError) as caught:
            Workflow("w.yml", cyclic)
        self.assertIn("cycle", str(caught.exception))

    def test_yaml_and_expression_errors(self):
        with self.assertRaises(WorkflowError) as caught:
            Workflow("w.yml", "on: push\njobs: [\n")
        self.assertIn("invalid YAML: line", str(caught.exception))
        with self.assertRaises(WorkflowError) as caught:
            Workflow("w.yml", BASE + "    if: a ==\n")
        self.assertIn("jobs.a.if: invalid expression", str(caught.exception))

    def test_on_is_not_a_boolean(self):
        self.assertEqual(list(Workflow("w.yml", BASE).triggers), ["push"])


class PushFilters(unittest.TestCase):
    def test_globs(self):
        self.assertTrue(matches_filters("main", ["main"]))
        self.assertTrue(matches_filters("release/1.0", ["release/*"]))
        self.assertFalse(matches_filters("release/1/x", ["release/*"]))
        self.assertTrue(matches_filters("release/1/x", ["release/**"]))
        self.assertFalse(matches_filters("release/old", ["release/**", "!release/old"]))

    def test_push_configurations(self):
        self.assertTrue(push_matches(None, "refs/heads/any", "w"))
        self.assertTrue(push_matches({"branches": ["main"]}, "refs/heads/main", "w"))
        self.assertFalse(push_matches({"branches": ["main"]}, "refs/heads/dev", "w"))
        self.assertFalse(push_matches({"branches": ["main"]}, "refs/tags/v1", "w"))
        self.assertFalse(push_matches({"branches-ignore": ["dev*"]}, "refs/heads/dev2", "w"))
        self.assertTrue(push_matches({"tags": ["v*"]}, "refs/tags/v1", "w"))
        self.assertFalse(push_matches({"tags": ["v*"]}, "refs/heads/main", "w"))
        with self.assertRaises(WorkflowError):
            push_matches({"paths": ["x"]}, "refs/heads/main", "w")


if __name__ == "__main__":
    unittest.main()
