"""Staff sign-in, second factor and sessions."""
