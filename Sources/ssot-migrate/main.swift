// Placeholder until the CLI lands.
print("ssot-migrate")
