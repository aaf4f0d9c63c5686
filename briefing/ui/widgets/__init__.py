"""Widgets: the headline list, the article view, the key-facts view and the status bar."""
