"""The error code reference lists every code the source can raise, and only those.

The source is read with `ast`: a code is the string given as `code=` to an `ApiError` subclass,
a class's `default_code`, the code of a `FieldError(param, code, message)`, the RFC 6750 error
of a `BearerError`, the code of an OCR or upload refusal (which becomes the `FieldError` of the
file), or the literal `"code"` of a `{"code", "message"}` dict (a user's `requirements.errors`).
"""

from __future__ import annotations

import ast
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import cleavr_connect
from cleavr_connect.errors import ERROR_CODES, FIELD_ERROR_CODES, ApiError

SOURCE = Path(cleavr_connect.__file__).parent

# Constructors whose argument at this position is an `error.code` or an `errors[].code`.
TOP_LEVEL_CARRIERS = {"BearerError": 0}
FIELD_CARRIERS = {"FieldError": 1, "DocumentRejected": 0, "UploadRejected": 0}
# `exc.code`, `first.code`, `exc.error`: a code forwarded from a carrier collected where it was
# made.
FORWARDED = {"code", "error"}

Sites = dict[str, list[str]]


@dataclass
class Codes:
    top_level: Sites = field(default_factory=lambda: defaultdict(list))
    field_level: Sites = field(default_factory=lambda: defaultdict(list))
    unresolved: list[str] = field(default_factory=list)


def _trees() -> dict[str, ast.Module]:
    return {
        str(path.relative_to(SOURCE.parent)): ast.parse(path.read_text(encoding="utf-8"))
        for path in sorted(SOURCE.rglob("*.py"))
    }


def _api_error_classes(trees: dict[str, ast.Module]) -> set[str]:
    bases: dict[str, set[str]] = defaultdict(set)
    for tree in trees.values():
        for node in ast.walk(tree):
            if isinstance(node, ast.ClassDef):
                bases[node.name] |= {ast.unparse(b).rsplit(".", 1)[-1] for b in node.bases}
    found = {"ApiError"}
    while True:
        more = {name for name, parents in bases.items() if parents & found} - found
        if not more:
            return found
        found |= more


class _Collector(ast.NodeVisitor):
    def __init__(self, path: str, api_errors: set[str], codes: Codes) -> None:
        self.path = path
        self.api_errors = api_errors
        self.codes = codes
        self.scopes: list[ast.AST] = []

    def visit_Module(self, node: ast.Module) -> None:
        self.scopes.append(node)
        self.generic_visit(node)

    def visit_FunctionDef(self, node: ast.FunctionDef | ast.AsyncFunctionDef) -> None:
        self.scopes.append(node)
        self.generic_visit(node)
        self.scopes.pop()

    visit_AsyncFunctionDef = visit_FunctionDef

    def visit_ClassDef(self, node: ast.ClassDef) -> None:
        for stmt in node.body:
            if isinstance(stmt, ast.Assign):
                targets: list[ast.expr] = stmt.targets
            elif isinstance(stmt, ast.AnnAssign):
                targets = [stmt.target]
            else:
                continue
            named = any(isinstance(t, ast.Name) and t.id == "default_code" for t in targets)
            if named and stmt.value is not None:
                self._add(self.codes.top_level, stmt.value, stmt.lineno)
        self.generic_visit(node)

    def visit_Call(self, node: ast.Call) -> None:
        name = ast.unparse(node.func).rsplit(".", 1)[-1]
        if name in self.api_errors:
            for keyword in node.keywords:
                if keyword.arg == "code":
                    self._add(self.codes.top_level, keyword.value, node.lineno)
        for carriers, sites in (
            (TOP_LEVEL_CARRIERS, self.codes.top_level),
            (FIELD_CARRIERS, self.codes.field_level),
        ):
            if name not in carriers:
                continue
            position = carriers[name]
            given = [k.value for k in node.keywords if k.arg == "code"]
            if len(node.args) > position:
                given.append(node.args[position])
            for value in given:
                self._add(sites, value, node.lineno)
        self.generic_visit(node)

    def visit_Dict(self, node: ast.Dict) -> None:
        # Only `{"code": "<literal>", "message": ...}` (and a requirement's name): other dicts with
        # a "code" key forward one (the envelope, the CLI's output) or are not errors at all (an
        # authorization code, the OpenAPI glossary of property names).
        entries = {
            k.value: v
            for k, v in zip(node.keys, node.values, strict=True)
            if isinstance(k, ast.Constant)
        }
        code = entries.get("code")
        error_shaped = "message" in entries and set(entries) <= {"code", "message", "requirement"}
        if error_shaped and isinstance(code, ast.Constant) and isinstance(code.value, str):
            self._add(self.codes.field_level, code, node.lineno)
        self.generic_visit(node)

    def _add(self, sites: Sites, value: ast.expr, line: int) -> None:
        where = f"{self.path}:{line}"
        strings = self._strings(value)
        if strings is None:
            self.codes.unresolved.append(f"{where}: {ast.unparse(value)}")
            return
        for string in strings:
            sites[string].append(where)

    def _strings(self, value: ast.expr, depth: int = 0) -> set[str] | None:
        """The strings `value` can be, or None when that cannot be told from the source."""
        if isinstance(value, ast.Constant) and (
            value.value is None or isinstance(value.value, str)
        ):
            return {value.value} if value.value else set()
        if isinstance(value, ast.IfExp):
            body, orelse = self._strings(value.body, depth), self._strings(value.orelse, depth)
            return None if body is None or orelse is None else body | orelse
        if isinstance(value, ast.BoolOp):
            parts = [self._strings(v, depth) for v in value.values]
            return None if None in parts else set().union(*parts)  # type: ignore[arg-type]
        if isinstance(value, ast.Attribute) and value.attr in FORWARDED:
            return set()
        if isinstance(value, ast.Name) and depth < 3:
            assigned = [
                node.value
                for node in ast.walk(self.scopes[-1])
                if isinstance(node, ast.Assign)
                and any(isinstance(t, ast.Name) and t.id == value.id for t in node.targets)
            ]
            if assigned:
                parts = [self._strings(v, depth + 1) for v in assigned]
                return None if None in parts else set().union(*parts)  # type: ignore[arg-type]
        return None


def collect() -> Codes:
    trees = _trees()
    api_errors = _api_error_classes(trees)
    codes = Codes()
    for path, tree in trees.items():
        _Collector(path, api_errors, codes).visit(tree)
    return codes


CODES = collect()


def test_the_walk_finds_codes_of_every_kind() -> None:
    # Guards the walk itself: a refactor that hides codes from it must not pass silently.
    assert not CODES.unresolved, "codes the test cannot read:\n" + "\n".join(CODES.unresolved)
    assert {
        "internal_error",  # default_code
        "invalid_state_transition",  # code= on an ApiError subclass
        "invalid_token",  # BearerError
    } <= set(CODES.top_level)
    assert {
        "user_not_onboarded",  # FieldError
        "missing",  # FieldError, from a conditional expression
        "invalid",  # FieldError, through a local variable
        "file_encrypted",  # DocumentRejected
        "file_too_large",  # UploadRejected
        "verification_failed",  # requirements.errors
    } <= set(CODES.field_level)


def test_every_error_code_raised_is_documented() -> None:
    undocumented = [
        f"{code} ({', '.join(sites)})"
        for code, sites in sorted(CODES.top_level.items())
        if code not in ERROR_CODES
    ]
    assert not undocumented, "add to errors.ERROR_CODES:\n" + "\n".join(undocumented)
    undocumented = [
        f"{code} ({', '.join(sites)})"
        for code, sites in sorted(CODES.field_level.items())
        if code not in FIELD_ERROR_CODES
    ]
    assert not undocumented, "add to errors.FIELD_ERROR_CODES:\n" + "\n".join(undocumented)


def test_every_documented_code_is_raised() -> None:
    assert set(ERROR_CODES) - set(CODES.top_level) == set()
    assert set(FIELD_ERROR_CODES) - set(CODES.field_level) == set()


def test_documented_statuses_match_the_error_classes() -> None:
    import cleavr_connect.app  # noqa: F401  (imports every module, so every subclass)

    pending: list[type[ApiError]] = [ApiError]
    checked = set()
    while pending:
        cls = pending.pop()
        pending += cls.__subclasses__()
        if "default_code" in vars(cls):
            assert ERROR_CODES[cls.default_code].status == cls.status_code, cls.__name__
            checked.add(cls.default_code)
    assert {"rate_limited", "invalid_api_version", "insufficient_scope"} <= checked


def test_meanings_are_one_line_and_statuses_are_errors() -> None:
    for code, entry in ERROR_CODES.items():
        assert 400 <= entry.status < 600, code
        assert entry.meaning.strip() and "\n" not in entry.meaning, code
    for code, text in FIELD_ERROR_CODES.items():
        assert text.strip() and "\n" not in text, code
