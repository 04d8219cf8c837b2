"""`@record`: a dataclass that is frozen where it is checked, and light where it runs.

For mypy (`--strict`, run by CI) a record is a frozen dataclass: assigning to a field
fails the type check. At run time it is a plain dataclass that hashes by its fields
(as a frozen one does) but gets no `__setattr__`/`__delattr__` guards: on Python
3.11 those cost two compiled methods per class at import, about a third of the
start-up time of the ~40 classes `mlhire compare` loads.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, TypeVar, overload

T = TypeVar("T")

if TYPE_CHECKING:
    from typing_extensions import dataclass_transform

    @overload
    def record(cls: type[T], /) -> type[T]: ...

    @overload
    def record(
        *, eq: bool = ..., repr: bool = ..., kw_only: bool = ..., slots: bool = ...
    ) -> Callable[[type[T]], type[T]]: ...

    @dataclass_transform(frozen_default=True, field_specifiers=(field,))
    def record(cls: Any = None, /, **options: Any) -> Any: ...

else:

    def record(cls=None, /, *, eq=True, repr=True, kw_only=False, slots=False):
        def make(target):
            return dataclass(target, eq=eq, repr=repr, kw_only=kw_only, slots=slots, unsafe_hash=eq)

        return make if cls is None else make(cls)
