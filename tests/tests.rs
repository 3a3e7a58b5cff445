//! Integration tests: placeholder until the TestEnv lands.
