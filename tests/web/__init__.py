"""The pages: rendered through HTTP, and driven in a real browser."""
