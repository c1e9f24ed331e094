"""The text layer: article files to clean passages, quotes, dates and date mentions.

Pure functions over strings and dates, with no Django in them, so that they
can be tested on articles the project has never seen.
"""
