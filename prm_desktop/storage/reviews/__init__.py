"""Read queries of the review packs and the visit day sheet."""
