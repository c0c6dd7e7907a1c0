"""Room 5: customer relations — the visit policy and scheduler, complaints and satisfaction."""
