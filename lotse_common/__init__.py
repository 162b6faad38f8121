"""What the Rasa server (lotse/) and the action server (actions/) both need: the
conversation's language, the office configuration and the office facts responses may use.

Imports neither lotse nor actions (tests/test_layout.py checks): each server passes the
directories it was configured with.
"""
