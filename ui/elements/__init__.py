"""Elements of our own, each drawn by a small Vue component beside it: a block of a page that would otherwise be a
dozen NiceGUI elements (NiceGUI's cost on the server is per element: built, sent, kept and freed) as one, drawn
with the same Quasar components and classes. Texts, icons and props come from Python (through `t()`); Vue shows a
text as text, never as markup."""
