"""The API's routers, one module per resource; api/app.py lists the ones the app serves."""
