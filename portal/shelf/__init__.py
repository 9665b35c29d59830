"""The resource shelf: curated articles anyone can browse and search."""
