"""Policy and regulation push (政策法规推送, PolicyService) and its read
attestation (学习确认)."""
