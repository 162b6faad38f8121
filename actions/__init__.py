"""Lotse action server: custom actions, split by concern (see README, "Layout")."""
