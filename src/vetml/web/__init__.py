"""The web layer: app factory, dependencies, error pages, templates and static assets."""
