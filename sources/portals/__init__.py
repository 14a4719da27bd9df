"""Councils' own portals: where each council publishes its spend files, and fetching them politely.

A council profile's `source:` names the portal (a CKAN catalogue, a web page of links, or an
address that follows a pattern by month); `listing` turns the portal's answer into the files it
offers, `http` fetches them (conditionally, bounded, with retries), and `content` refuses what is
not a spend file (an HTML error or login page) before it is received.
"""
