import unittest

from local_actions.expressions import (ExpressionError, ExpressionEvaluator, condition_uses_status_function,
                                       single_expression)


def evaluator(**contexts):
    base = {"github": {"run_id": "42", "event": {"inputs": {"x": "1"}}, "ref": "refs/heads/main"},
            "inputs": {"run": "", "flag": True}, "steps": {"cache": {"outputs": {"cache-hit": "true"}}},
            "env": {"NAME": "World"}, "list": [1.0, "two", None]}
    base.update(contexts)
    return ExpressionEvaluator(base)


class LiteralsAndOperators(unittest.TestCase):
    def test_literals(self):
        e = evaluator()
        self.assertEqual(e.evaluate("'it''s'"), "it's")
        self.assertEqual(e.evaluate("0x10"), 16)
        self.assertEqual(e.evaluate("-2.5e1"), -25)
        self.assertIsNone(e.evaluate("null"))
        self.assertIs(e.evaluate("TRUE"), True)

    def test_and_or_return_operands(self):
        e = evaluator()
        self.assertEqual(e.evaluate("inputs.run || format('gh-{0}', github.run_id)"), "gh-42")
        self.assertEqual(e.evaluate("'a' && 'b'"), "b")
        self.assertEqual(e.evaluate("'' && 'b'"), "")
        self.assertEqual(e.evaluate("0 || null"), None)

    def test_loose_equality_and_comparison(self):
        e = evaluator()
        self.assertTrue(e.evaluate("'ABC' == 'abc'"))
        self.assertTrue(e.evaluate("1 == '1'"))
        self.assertTrue(e.evaluate("null == 0"))
        self.assertTrue(e.evaluate("true == 1"))
        self.assertFalse(e.evaluate("'x' == 0"))
        self.assertTrue(e.evaluate("'' == 0"))
        self.assertTrue(e.evaluate("'b' > 'A'"))
        self.assertTrue(e.evaluate("2 >= '2'"))
        self.assertFalse(e.evaluate("'a' < 1"))
        self.assertTrue(e.evaluate("!(1 == 2) && !''"))
        self.assertFalse(e.evaluate("github == github.event"))

    def test_properties(self):
        e = evaluator()
        self.assertEqual(e.evaluate("steps.cache.outputs.cache-hit"), "true")
        self.assertEqual(e.evaluate("steps['cache'].OUTPUTS['cache-hit']"), "true")
        self.assertIsNone(e.evaluate("steps.missing.outputs.x"))
        self.assertEqual(e.evaluate("list[1]"), "two")
        self.assertIsNone(e.evaluate("list[7]"))
        self.assertEqual(e.evaluate("github.event.*.x"), ["1"])
        with self.assertRaises(ExpressionError):
            e.evaluate("unknown.thing")


class Functions(unittest.TestCase):
    def test_string_functions(self):
        e = evaluator()
        self.assertTrue(e.evaluate("contains('Hello', 'ELL')"))
        self.assertTrue(e.evaluate("contains(fromJSON('[\"a\",\"b\"]'), 'B')"))
        self.assertFalse(e.evaluate("contains(fromJSON('[\"a\"]'), 'c')"))
        self.assertTrue(e.evaluate("startsWith(github.ref, 'REFS/heads')"))
        self.assertTrue(e.evaluate("endsWith('file.yml', '.YML')"))
        self.assertEqual(e.evaluate("format('{0}-{1} {{x}}', 'a', 2)"), "a-2 {x}")
        self.assertEqual(e.evaluate("join(fromJSON('[1,\"b\"]'), '+')"), "1+b")
        self.assertEqual(e.evaluate("toJSON(fromJSON('{\"a\":[1]}'))"), '{\n  "a": [\n    1\n  ]\n}')
        self.assertEqual(e.evaluate("fromJSON('3')"), 3)
        with self.assertRaises(ExpressionError):
            e.evaluate("format('{1}', 'a')")
        with self.assertRaises(ExpressionError):
            e.evaluate("nosuch()")

    def test_status_functions_come_from_the_caller(self):
        e = ExpressionEvaluator({}, {"success": lambda: False, "always": lambda: True})
        self.assertFalse(e.evaluate_condition("success()"))
        self.assertTrue(e.evaluate_condition("${{ always() }}"))
        self.assertTrue(condition_uses_status_function("always() && x"))
        self.assertTrue(condition_uses_status_function("${{ !cancelled() }}"))
        self.assertFalse(condition_uses_status_function("needs.a.outputs.continue == 'true'"))


class Templates(unittest.TestCase):
    def test_interpolation(self):
        e = evaluator()
        self.assertEqual(e.interpolate("Hello ${{ env.NAME }}, run ${{ github.run_id }}!"), "Hello World, run 42!")
        self.assertEqual(e.interpolate("${{ '}}' }}"), "}}")
        self.assertEqual(e.interpolate("${{ inputs.flag }} ${{ null }}."), "true .")
        self.assertEqual(e.interpolate("${{ 1.5 }} ${{ 3 }}"), "1.5 3")

    def test_whole_values_keep_their_type(self):
        e = evaluator()
        self.assertIs(e.evaluate_value("${{ inputs.flag }}"), True)
        self.assertEqual(single_expression("  ${{ a }} "), "a")
        self.assertIsNone(single_expression("${{ a }} ${{ b }}"))

    def test_conditions(self):
        e = evaluator()
        self.assertTrue(e.evaluate_condition("github.run_id == 42"))
        self.assertFalse(e.evaluate_condition("${{ inputs.run }}"))
        # Text around an expression is a non-empty string: truthy, as on GitHub.
        self.assertTrue(e.evaluate_condition("${{ false }} == true"))
        self.assertFalse(e.evaluate_condition(False))

    def test_syntax_errors(self):
        e = evaluator()
        for text in ("a ==", "(1", "'open", "1 2", "a.", "${{ x"):
            with self.assertRaises(ExpressionError, msg=text):
                e.interpolate("${{ " + text + " }}") if not text.startswith("$") else e.interpolate(text)

    def test_nan_is_never_equal(self):
        e = evaluator()
        self.assertFalse(e.evaluate("'abc' == 'abc' && fromJSON('1') == 'x'"))
        self.assertFalse(e.evaluate("'x' != 'x' || 'y' == 1"))


if __name__ == "__main__":
    unittest.main()
