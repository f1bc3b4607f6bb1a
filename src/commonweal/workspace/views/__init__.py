"""The workspace's pages: the queue, the case page and the service pages."""
