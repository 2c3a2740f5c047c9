"""Pydantic types and pure rules of Berdaya. No I/O and no clock: time is passed in."""
