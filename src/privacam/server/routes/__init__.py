"""The server's routers, one module per feature (see ``privacam.server.app.ROUTER_MODULES``)."""
