"""Settings, logging and the application error hierarchy."""
