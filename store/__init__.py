"""The database: a durable TinyDB engine, the operations that must be atomic, backup and restore."""

from .engine import Store, Tx
from .errors import CorruptStore, InvalidRecord, StoreClosed, StoreError, StoreLocked

__all__ = ['CorruptStore', 'InvalidRecord', 'Store', 'StoreClosed', 'StoreError', 'StoreLocked', 'Tx']
