"""Interactive figures. Each module keeps its logic in pure functions that a test calls
without a browser, and offers one helper that a notebook cell calls in one line."""
