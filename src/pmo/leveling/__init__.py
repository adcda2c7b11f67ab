"""Resource leveling of projects in the app (issue 8, item 4): preview, apply, discard, undo."""
