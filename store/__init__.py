"""The database: a durable TinyDB engine, the operations that must be atomic, backup and restore."""

from .engine import Store
from .errors import CorruptStore, InvalidRecord, StoreClosed, StoreError, StoreLocked
from .tx import Tx

__all__ = ['CorruptStore', 'InvalidRecord', 'Store', 'StoreClosed', 'StoreError', 'StoreLocked', 'Tx']
