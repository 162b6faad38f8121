"""Appointments: free slots, booking and cancellation against the office's calendar."""
