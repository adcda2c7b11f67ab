"""Pure computation core of pmo (no Django): scheduling and its file readers."""
