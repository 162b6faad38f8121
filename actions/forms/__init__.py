"""Forms: the validation and result actions of the multi-step conversations."""
