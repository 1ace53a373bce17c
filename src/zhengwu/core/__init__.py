"""What every domain stands on: verdicts and errors, storage, audit, tenants, users."""
