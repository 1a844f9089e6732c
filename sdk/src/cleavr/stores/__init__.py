"""Token stores that encrypt at rest. `SQLAlchemyTokenStore` lives in `cleavr.stores.sqlalchemy`
(it needs the `sqlalchemy` extra)."""

from cleavr.stores._cipher import TokenCipher, generate_key
from cleavr.stores.file import FileTokenStore

__all__ = ["FileTokenStore", "TokenCipher", "generate_key"]
