"""sphinx-gallery image scraper for mathlab's figure generators.

The generators return a Figure that is not always managed by pyplot (the cut pattern is a bare
``matplotlib.figure.Figure``), so the gallery scripts bind it to ``fig`` and this scraper saves it.
"""

from __future__ import annotations


def figure_scraper(block, block_vars, gallery_conf):
    """Save the Figure bound to ``fig`` (pyplot-managed or not) as the example's image."""
    from matplotlib.figure import Figure
    from sphinx_gallery.scrapers import figure_rst

    fig = block_vars["example_globals"].get("fig")
    if not isinstance(fig, Figure) or block_vars["example_globals"].get("_scraped") is fig:
        return ""
    block_vars["example_globals"]["_scraped"] = fig
    path = next(block_vars["image_path_iterator"])
    fig.savefig(path, dpi=110)
    import matplotlib.pyplot as plt

    plt.close("all")
    return figure_rst([path], gallery_conf["src_dir"])
