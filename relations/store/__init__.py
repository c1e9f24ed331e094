"""The write path: every change to the record goes through here.

- `articles.store_article()`: an article's text → clean passages, re-anchored
  quotes, date mentions (the loader and the admin call it);
- `changes.batch()`: one change, however many rows; at its end the derived
  data of the events it touched is refreshed and the data version moves;
- `signals`: saves and deletes anywhere (admin forms, inlines, bulk deletes)
  report what they touched to `changes`;
- `drafts`: events and 'not an event' marks made from a date mention.
"""
