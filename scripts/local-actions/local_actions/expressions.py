"""GitHub Actions expressions: ``${{ … }}``.

The grammar and semantics follow GitHub's documentation ("Evaluate expressions in workflows
and actions"):

* literals: ``null``, ``true``, ``false``, numbers (decimal, ``0x`` hex, exponent, a leading
  ``-``), strings in single quotes with ``''`` for a quote;
* operators, from the loosest: ``||``, ``&&``, ``==``/``!=``, ``<``/``<=``/``>``/``>=``,
  ``!``; then property access ``a.b``, ``a['b']``, ``a[0]``, the ``*`` filter and calls;
* ``&&`` and ``||`` give one of their operands (not a boolean), like GitHub;
* loose equality: operands of different types are compared as numbers (``null`` → 0,
  booleans → 0/1, strings parsed, ``NaN`` otherwise); strings compare case-insensitively;
  objects and arrays are equal only to themselves;
* property names and function names are case-insensitive; a missing property is ``null``;
* functions ``contains``, ``startsWith``, ``endsWith``, ``format``, ``join``, ``toJSON``,
  ``fromJSON``, ``hashFiles`` and the status functions ``success``, ``failure``,
  ``always``, ``cancelled`` (the last five are supplied by the caller, see
  :class:`ExpressionEvaluator`).
"""

from __future__ import annotations

import json
import math
import re
from typing import Any, Callable, Dict, List, Optional, Tuple


class ExpressionError(Exception):
    """A syntax or evaluation error in an expression."""


STATUS_FUNCTIONS = ("success", "failure", "always", "cancelled")

_TOKEN = re.compile(r"""
    (?P<ws>\s+)
  | (?P<string>'(?:[^']|'')*')
  | (?P<number>0x[0-9a-fA-F]+|(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?)
  | (?P<op>==|!=|<=|>=|&&|\|\||[<>!()\[\].,*])
  | (?P<ident>[A-Za-z_][A-Za-z0-9_-]*)
""", re.VERBOSE)


class _Node:
    """An AST node: ``kind`` and its ``args``."""

    __slots__ = ("kind", "args")

    def __init__(self, kind: str, *args: Any) -> None:
        self.kind = kind
        self.args = args

    def walk(self):
        yield self
        for arg in self.args:
            if isinstance(arg, _Node):
                yield from arg.walk()
            elif isinstance(arg, list):
                for item in arg:
                    if isinstance(item, _Node):
                        yield from item.walk()


class _Parser:
    """A recursive-descent parser producing :class:`_Node` trees."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.tokens = self._tokenize(text)
        self.position = 0

    def _tokenize(self, text: str) -> List[Tuple[str, str]]:
        tokens: List[Tuple[str, str]] = []
        index = 0
        while index < len(text):
            # A leading minus is part of a number literal when a value cannot precede it.
            if text[index] == "-" and (not tokens or tokens[-1][0] == "op" and tokens[-1][1] not in (")", "]")):
                match = _TOKEN.match(text, index + 1)
                if match and match.lastgroup == "number":
                    tokens.append(("number", "-" + match.group()))
                    index = match.end()
                    continue
            match = _TOKEN.match(text, index)
            if not match:
                raise ExpressionError(f"unexpected character {text[index]!r} at position {index + 1} in expression: {text}")
            if match.lastgroup != "ws":
                tokens.append((match.lastgroup, match.group()))
            index = match.end()
        return tokens

    def peek(self) -> Optional[Tuple[str, str]]:
        return self.tokens[self.position] if self.position < len(self.tokens) else None

    def accept(self, value: str) -> bool:
        token = self.peek()
        if token and token[0] == "op" and token[1] == value:
            self.position += 1
            return True
        return False

    def expect(self, value: str) -> None:
        if not self.accept(value):
            token = self.peek()
            found = token[1] if token else "end of expression"
            raise ExpressionError(f"expected {value!r} but found {found!r} in expression: {self.text}")

    def parse(self) -> _Node:
        if not self.tokens:
            raise ExpressionError("empty expression")
        node = self.parse_or()
        if self.peek() is not None:
            raise ExpressionError(f"unexpected {self.peek()[1]!r} in expression: {self.text}")
        return node

    def parse_or(self) -> _Node:
        node = self.parse_and()
        while self.accept("||"):
            node = _Node("or", node, self.parse_and())
        return node

    def parse_and(self) -> _Node:
        node = self.parse_equality()
        while self.accept("&&"):
            node = _Node("and", node, self.parse_equality())
        return node

    def parse_equality(self) -> _Node:
        node = self.parse_comparison()
        while True:
            for op in ("==", "!="):
                if self.accept(op):
                    node = _Node("compare", op, node, self.parse_comparison())
                    break
            else:
                return node

    def parse_comparison(self) -> _Node:
        node = self.parse_unary()
        while True:
            for op in ("<=", ">=", "<", ">"):
                if self.accept(op):
                    node = _Node("compare", op, node, self.parse_unary())
                    break
            else:
                return node

    def parse_unary(self) -> _Node:
        if self.accept("!"):
            return _Node("not", self.parse_unary())
        return self.parse_postfix()

    def parse_postfix(self) -> _Node:
        node = self.parse_primary()
        while True:
            if self.accept("."):
                token = self.peek()
                if token and token[0] == "ident":
                    self.position += 1
                    node = _Node("index", node, _Node("literal", token[1]))
                elif self.accept("*"):
                    node = _Node("filter", node)
                else:
                    raise ExpressionError(f"expected a property name after '.' in expression: {self.text}")
            elif self.accept("["):
                if self.accept("*"):
                    node = _Node("filter", node)
                else:
                    node = _Node("index", node, self.parse_or())
                self.expect("]")
            else:
                return node

    def parse_primary(self) -> _Node:
        token = self.peek()
        if token is None:
            raise ExpressionError(f"unexpected end of expression: {self.text}")
        kind, value = token
        self.position += 1
        if kind == "string":
            return _Node("literal", value[1:-1].replace("''", "'"))
        if kind == "number":
            return _Node("literal", _parse_number(value))
        if kind == "ident":
            lowered = value.lower()
            if lowered in ("true", "false"):
                return _Node("literal", lowered == "true")
            if lowered == "null":
                return _Node("literal", None)
            if self.accept("("):
                args: List[_Node] = []
                if not self.accept(")"):
                    while True:
                        args.append(self.parse_or())
                        if self.accept(")"):
                            break
                        self.expect(",")
                return _Node("call", lowered, args)
            return _Node("context", lowered, value)
        if kind == "op" and value == "(":
            node = self.parse_or()
            self.expect(")")
            return node
        raise ExpressionError(f"unexpected {value!r} in expression: {self.text}")


def _parse_number(text: str) -> float:
    negative = text.startswith("-")
    body = text[1:] if negative else text
    number = float(int(body, 16)) if body.lower().startswith("0x") else float(body)
    return -number if negative else number


def parse(text: str) -> _Node:
    """The syntax tree of an expression (without ``${{ }}``)."""
    return _Parser(text).parse()


def uses_status_function(text: str) -> bool:
    """Whether the expression calls ``success()``, ``failure()``, ``always()`` or ``cancelled()``."""
    return any(node.kind == "call" and node.args[0] in STATUS_FUNCTIONS for node in parse(text).walk())


# MARK: Values


def to_number(value: Any) -> float:
    """GitHub's number coercion."""
    if value is None:
        return 0.0
    if isinstance(value, bool):
        return 1.0 if value else 0.0
    if isinstance(value, (int, float)):
        return float(value)
    if isinstance(value, str):
        text = value.strip()
        if text == "":
            return 0.0
        try:
            if re.fullmatch(r"[+-]?0x[0-9a-fA-F]+", text):
                return float(int(text, 16))
            if re.fullmatch(r"[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?", text):
                return float(text)
        except ValueError:
            pass
        return math.nan
    return math.nan


def to_string(value: Any) -> str:
    """GitHub's string coercion (objects and arrays as JSON, for interpolation)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        if math.isnan(value):
            return "NaN"
        if math.isinf(value):
            return "Infinity" if value > 0 else "-Infinity"
        if value == int(value) and abs(value) < 1e15:
            return str(int(value))
        return repr(value)
    if isinstance(value, int):
        return str(value)
    if isinstance(value, (dict, list)):
        return to_json(value)
    return str(value)


def truthy(value: Any) -> bool:
    """GitHub's truthiness: null, false, 0, NaN and '' are false; everything else is true."""
    if value is None or value is False:
        return False
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return not (value == 0 or math.isnan(value))
    if isinstance(value, str):
        return value != ""
    return True


def to_json(value: Any) -> str:
    return json.dumps(_jsonable(value), indent=2, ensure_ascii=False)


def _jsonable(value: Any) -> Any:
    if isinstance(value, float) and not math.isnan(value) and not math.isinf(value) and value == int(value):
        return int(value)
    if isinstance(value, dict):
        return {key: _jsonable(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_jsonable(item) for item in value]
    return value


def _is_primitive(value: Any) -> bool:
    return value is None or isinstance(value, (bool, int, float, str))


def loose_equals(left: Any, right: Any) -> bool:
    if not _is_primitive(left) or not _is_primitive(right):
        return left is right
    if isinstance(left, str) and isinstance(right, str):
        return left.casefold() == right.casefold()
    if left is None and right is None:
        return True
    if type(left) is type(right) and isinstance(left, bool):
        return left == right
    a, b = to_number(left), to_number(right)
    return not (math.isnan(a) or math.isnan(b)) and a == b


def _compare(op: str, left: Any, right: Any) -> bool:
    if op == "==":
        return loose_equals(left, right)
    if op == "!=":
        return not loose_equals(left, right)
    if not _is_primitive(left) or not _is_primitive(right):
        return False
    if isinstance(left, str) and isinstance(right, str):
        a, b = left.casefold(), right.casefold()
    else:
        a, b = to_number(left), to_number(right)
        if math.isnan(a) or math.isnan(b):
            return False
    return {"<": a < b, "<=": a <= b, ">": a > b, ">=": a >= b}[op]


def _get_property(value: Any, key: Any) -> Any:
    if isinstance(value, dict):
        if not isinstance(key, str):
            key = to_string(key)
        if key in value:
            return value[key]
        folded = key.casefold()
        for name, item in value.items():
            if isinstance(name, str) and name.casefold() == folded:
                return item
        return None
    if isinstance(value, list):
        if isinstance(key, str):
            number = to_number(key)
        elif isinstance(key, (int, float)) and not isinstance(key, bool):
            number = float(key)
        else:
            return None
        if math.isnan(number) or number < 0 or number != int(number) or int(number) >= len(value):
            return None
        return value[int(number)]
    return None


class _Filtered(list):
    """The result of a ``*`` filter: property access applies to every element."""


# MARK: Evaluation


class ExpressionEvaluator:
    """Evaluates expressions against named contexts.

    ``contexts`` maps lower-case context names (``github``, ``env``, ``steps``…) to values;
    ``functions`` maps lower-case names of extra functions (``hashfiles`` and the status
    functions) to callables taking the evaluated arguments.
    """

    def __init__(self, contexts: Dict[str, Any], functions: Optional[Dict[str, Callable[..., Any]]] = None) -> None:
        self.contexts = {name.lower(): value for name, value in contexts.items()}
        self.functions = {name.lower(): function for name, function in (functions or {}).items()}

    # Public API

    def evaluate(self, text: str) -> Any:
        """The value of an expression (without ``${{ }}``)."""
        return self._eval(parse(text))

    def interpolate(self, template: str) -> str:
        """``template`` with every ``${{ … }}`` replaced by its value as a string."""
        if "${{" not in template:
            return template
        return "".join(part if is_literal else to_string(self.evaluate(part)) for is_literal, part in split_template(template))

    def evaluate_value(self, value: Any) -> Any:
        """A YAML value with expressions evaluated: a string that is exactly one ``${{ x }}``
        keeps the value's type; other strings are interpolated; lists and maps recursively."""
        if isinstance(value, str):
            whole = single_expression(value)
            if whole is not None:
                return self.evaluate(whole)
            return self.interpolate(value)
        if isinstance(value, list):
            return [self.evaluate_value(item) for item in value]
        if isinstance(value, dict):
            return {key: self.evaluate_value(item) for key, item in value.items()}
        return value

    def evaluate_string(self, value: Any) -> str:
        """A YAML scalar with expressions evaluated, as a string (``env``, ``with``)."""
        if isinstance(value, bool):
            return "true" if value else "false"
        if isinstance(value, (int, float)):
            return to_string(float(value)) if isinstance(value, float) else str(value)
        if value is None:
            return ""
        if isinstance(value, str):
            return self.interpolate(value)
        raise ExpressionError(f"expected a string but found {type(value).__name__}: {value!r}")

    def evaluate_condition(self, condition: Any) -> bool:
        """An ``if:`` condition: an expression with or without ``${{ }}``."""
        expression = condition_expression(condition)
        if expression is None:
            return truthy(self.interpolate(str(condition).strip()))
        return truthy(self.evaluate(expression))

    # Internals

    def _eval(self, node: _Node) -> Any:
        kind = node.kind
        if kind == "literal":
            return node.args[0]
        if kind == "context":
            name, original = node.args
            if name not in self.contexts:
                raise ExpressionError(f"Unrecognized named-value: '{original}'")
            return self.contexts[name]
        if kind == "index":
            target = self._eval(node.args[0])
            key = self._eval(node.args[1])
            if isinstance(target, _Filtered):
                result = _Filtered()
                for item in target:
                    found = _get_property(item, key)
                    if found is not None:
                        result.append(found)
                return result
            return _get_property(target, key)
        if kind == "filter":
            target = self._eval(node.args[0])
            if isinstance(target, dict):
                return _Filtered(target.values())
            if isinstance(target, list):
                return _Filtered(target)
            return _Filtered()
        if kind == "not":
            return not truthy(self._eval(node.args[0]))
        if kind == "and":
            left = self._eval(node.args[0])
            return self._eval(node.args[1]) if truthy(left) else left
        if kind == "or":
            left = self._eval(node.args[0])
            return left if truthy(left) else self._eval(node.args[1])
        if kind == "compare":
            op, left, right = node.args
            return _compare(op, self._eval(left), self._eval(right))
        if kind == "call":
            name, args = node.args
            return self._call(name, [self._eval(arg) for arg in args])
        raise ExpressionError(f"internal error: node {kind}")

    def _call(self, name: str, args: List[Any]) -> Any:
        def arity(low: int, high: Optional[int]) -> None:
            if len(args) < low or (high is not None and len(args) > high):
                raise ExpressionError(f"wrong number of arguments to {name}(): {len(args)}")

        if name in self.functions:
            return self.functions[name](*args)
        if name in STATUS_FUNCTIONS or name == "hashfiles":
            raise ExpressionError(f"{name}() is not available here")
        if name == "contains":
            arity(2, 2)
            search, item = args
            if isinstance(search, list):
                return any(loose_equals(element, item) for element in search)
            return to_string(item).casefold() in to_string(search).casefold()
        if name == "startswith":
            arity(2, 2)
            return to_string(args[0]).casefold().startswith(to_string(args[1]).casefold())
        if name == "endswith":
            arity(2, 2)
            return to_string(args[0]).casefold().endswith(to_string(args[1]).casefold())
        if name == "format":
            arity(1, None)
            return _format(to_string(args[0]), [to_string(arg) for arg in args[1:]])
        if name == "join":
            arity(1, 2)
            separator = to_string(args[1]) if len(args) > 1 else ","
            if isinstance(args[0], list):
                return separator.join(to_string(item) for item in args[0])
            return to_string(args[0])
        if name == "tojson":
            arity(1, 1)
            return to_json(args[0])
        if name == "fromjson":
            arity(1, 1)
            try:
                return _from_json(json.loads(to_string(args[0])))
            except json.JSONDecodeError as error:
                raise ExpressionError(f"fromJSON: invalid JSON {to_string(args[0])!r}: {error}") from None
        raise ExpressionError(f"Unrecognized function: '{name}'")


def _from_json(value: Any) -> Any:
    if isinstance(value, bool) or value is None or isinstance(value, str):
        return value
    if isinstance(value, (int, float)):
        return float(value)
    if isinstance(value, list):
        return [_from_json(item) for item in value]
    if isinstance(value, dict):
        return {key: _from_json(item) for key, item in value.items()}
    return value


def _format(template: str, args: List[str]) -> str:
    out: List[str] = []
    index = 0
    while index < len(template):
        char = template[index]
        if char == "{":
            if template.startswith("{{", index):
                out.append("{")
                index += 2
                continue
            end = template.find("}", index)
            if end < 0 or not template[index + 1:end].isdigit():
                raise ExpressionError(f"format: invalid format string {template!r}")
            position = int(template[index + 1:end])
            if position >= len(args):
                raise ExpressionError(f"format: the format string {template!r} refers to argument {position} but has {len(args)}")
            out.append(args[position])
            index = end + 1
        elif char == "}":
            if template.startswith("}}", index):
                out.append("}")
                index += 2
                continue
            raise ExpressionError(f"format: invalid format string {template!r}")
        else:
            out.append(char)
            index += 1
    return "".join(out)


# MARK: Templates


def split_template(template: str) -> List[Tuple[bool, str]]:
    """``template`` as (is_literal, text) parts; expression parts are without ``${{ }}``."""
    parts: List[Tuple[bool, str]] = []
    index = 0
    while True:
        start = template.find("${{", index)
        if start < 0:
            parts.append((True, template[index:]))
            return parts
        parts.append((True, template[index:start]))
        position = start + 3
        in_string = False
        while position < len(template):
            char = template[position]
            if char == "'":
                in_string = not in_string
            elif not in_string and template.startswith("}}", position):
                break
            position += 1
        else:
            raise ExpressionError(f"an expression is not closed with '}}}}': {template}")
        parts.append((False, template[start + 3:position].strip()))
        index = position + 2


def single_expression(text: str) -> Optional[str]:
    """The expression when ``text`` is exactly one ``${{ … }}`` (surrounding blanks allowed)."""
    stripped = text.strip()
    if not stripped.startswith("${{"):
        return None
    parts = split_template(stripped)
    meaningful = [part for part in parts if not (part[0] and part[1] == "")]
    if len(meaningful) == 1 and not meaningful[0][0]:
        return meaningful[0][1]
    return None


def condition_expression(condition: Any) -> Optional[str]:
    """The expression of an ``if:`` value (``${{ }}`` is optional); None when the value mixes
    text and ``${{ }}``: then it is a string template, truthy when not empty, as on GitHub."""
    if isinstance(condition, bool):
        return "true" if condition else "false"
    if isinstance(condition, (int, float)):
        return repr(condition)
    if condition is None:
        return "success()"
    text = str(condition).strip()
    if text == "":
        return "success()"
    whole = single_expression(text)
    if whole is not None:
        return whole
    if "${{" in text:
        return None
    return text


def condition_uses_status_function(condition: Any) -> bool:
    """Whether an ``if:`` value calls a status function (else ``success() &&`` is implied)."""
    expression = condition_expression(condition)
    if expression is None:
        return any(not literal and uses_status_function(part) for literal, part in split_template(str(condition)))
    return uses_status_function(expression)
