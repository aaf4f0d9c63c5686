"""The Textual user interface: thin widgets over the domain's plain data classes."""
