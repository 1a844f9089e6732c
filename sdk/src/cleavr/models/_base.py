from __future__ import annotations

from decimal import Decimal
from typing import Annotated, Any

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    PrivateAttr,
    ValidationError,
    ValidatorFunctionWrapHandler,
)


def lenient(value: Any, handler: ValidatorFunctionWrapHandler) -> Any:
    """For `Literal` statuses: a value a newer API version added is kept as the plain string
    instead of failing the whole object; type checkers still see the known values."""
    try:
        return handler(value)
    except ValidationError:
        if isinstance(value, str):
            return value
        raise


_CENT = Decimal("0.01")


def _in_cents(value: Decimal) -> Decimal:
    """An amount as the API wrote it, `5000.00`: a JSON number is read through a float, which
    keeps its value but not its two decimals (`5000.0` → `Decimal("5000")`). Never rounds: an
    amount with more decimals than two is kept as it came."""
    exponent = value.as_tuple().exponent
    if isinstance(exponent, int) and exponent > -2:
        return value.quantize(_CENT)
    return value


Money = Annotated[Decimal, AfterValidator(_in_cents)]
"""An amount of money: a `Decimal` with the two decimals the API sends (`Decimal("600.00")`)."""


class CleavrObject(BaseModel):
    """Every object the API returns. Unknown fields are kept (`obj.model_extra`), so a field the
    server adds later never breaks an older SDK.

    `request_id` is the `Request-Id` of the response the object came from (quote it to
    support). `model_dump()` and `model_dump_json()` use the API's names (`from`, not `from_`),
    so a dumped object can be sent back or stored as the API wrote it."""

    model_config = ConfigDict(extra="allow", populate_by_name=True)

    _request_id: str | None = PrivateAttr(default=None)

    @property
    def request_id(self) -> str | None:
        return self._request_id

    def model_dump(self, *, by_alias: bool | None = True, **kwargs: Any) -> dict[str, Any]:
        return super().model_dump(by_alias=by_alias, **kwargs)

    def model_dump_json(self, *, by_alias: bool | None = True, **kwargs: Any) -> str:
        return super().model_dump_json(by_alias=by_alias, **kwargs)


class Deleted(CleavrObject):
    id: str
    object: str | None = None
    deleted: bool = True
