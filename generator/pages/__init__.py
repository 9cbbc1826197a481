"""The page families: each module renders one family of pages from a render.Context and its data."""
