"""A store of values kept least recently used first out once their costs pass a budget (characters of code
kept, with a share per entry): the front ends' caches of what echoed code gives, which logs repeat many times."""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections import OrderedDict
from typing import Generic, TypeVar

K = TypeVar("K")
V = TypeVar("V")


class Budgeted(ABC, Generic[K, V]):
    def __init__(self, budget: int) -> None:
        self.budget = budget
        self.size = 0
        self.held: OrderedDict[K, tuple[V, int]] = OrderedDict()

    @abstractmethod
    def cost(self, key: K, value: V) -> int:
        """What keeping the value costs against the budget."""

    def get(self, key: K) -> V | None:
        found = self.held.get(key)
        if found is None:
            return None
        self.held.move_to_end(key)
        return found[0]

    def keep(self, key: K, value: V) -> None:
        """Keep the value (a value costing more than the whole budget never is), dropping the least recently used
        until the rest fits."""
        cost = self.cost(key, value)
        if key in self.held or cost > self.budget:
            return
        self.held[key] = (value, cost)
        self.size += cost
        while self.size > self.budget:
            self.size -= self.held.popitem(last=False)[1][1]
