from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BulletinsConfig(AppConfig):
    name = "bulletins"
    verbose_name = _("Bulletins")

    def ready(self):
        from portal import registry, roles
        from portal.pagecache.keys import page_number
        from portal.paging import PAGE_PARAM

        from . import models, selectors, sitemaps, views

        registry.stylesheet("bulletins/articles.css")
        registry.script("bulletins/print.js")

        for model in (
            models.Category,
            models.Tag,
            models.ArticlePhoto,
            models.SlugRedirect,
        ):
            registry.page_content(model)
        registry.page_content(models.Page, schedule=("published_at",))
        # An expiring pin changes the home page at its time (models/curation.py).
        registry.page_content(models.HomePin, schedule=("expires_at",))
        registry.page_content(
            models.Article,
            schedule=("published_at",),
            counters=models.Article.COUNTER_FIELDS,
        )
        registry.listing(
            models.Article,
            view_names=[
                "portal:home",
                "bulletins:article_list",
                "bulletins:category",
                "bulletins:rss",
                "bulletins:rss_category",
            ],
        )
        registry.fixed_page("bulletins:article_list")
        registry.fixed_page("bulletins:grassroots", when=selectors.has_grassroots)
        registry.page_query(
            "bulletins:article_list",
            "bulletins:category",
            "bulletins:grassroots",
            params={PAGE_PARAM: page_number},
        )
        # Previews are for staff, who never meet the page cache.
        registry.page_query(
            "bulletins:article", "bulletins:article_preview", "bulletins:page"
        )
        registry.sitemap("tin-tuc", sitemaps.ArticleSitemap)
        registry.sitemap("chuyen-muc", sitemaps.CategorySitemap)
        registry.sitemap("gioi-thieu", sitemaps.PageSitemap)
        registry.view_counter(
            view=views.ArticleDetailView,
            model=models.Article,
            field="view_count",
            lookup="slug",
        )
        registry.rich_text(models.Article)
        registry.rich_text(models.Page)
        registry.searchable(
            registry.Searchable(
                kind="a",
                label="Tin bài",
                model=models.Article,
                title=("title",),
                middle=("lead",),
                body=("body",),
                summary=("lead",),
                folded="search_text",
                select_related=("category",),
                section=lambda article: article.category.name,
            )
        )
        registry.menu_target(
            models.Page,
            label="Trang",
            choices=lambda: models.Page.objects.select_related("parent").order_by(
                "parent__order", "parent__title", "order", "title"
            ),
        )
        registry.searchable(
            registry.Searchable(
                kind="g",
                label="Giới thiệu",
                model=models.Page,
                title=("title",),
                middle=("lead",),
                body=("body",),
                summary=("lead",),
                folded="search_text",
                select_related=("parent",),
                section=lambda page: page.parent.title if page.parent else "",
            )
        )
        _grant_roles(roles)

    def seed_demo(self, stdout):
        from . import demo, demo_pages

        demo.seed(stdout=stdout)
        demo_pages.seed(stdout=stdout)


def _grant_roles(roles):
    crud = roles.crud
    roles.grant(
        roles.REPORTER,
        *crud("bulletins", "article", ("view", "add", "change")),
        "bulletins.submit_article",
        *crud("bulletins", "articlephoto"),
        *crud("bulletins", "libraryphoto", ("view", "add", "change")),
        "bulletins.view_category",
        *crud("bulletins", "tag", ("view", "add")),
        "bulletins.view_slugredirect",
    )
    roles.grant(
        roles.EDITOR,
        *crud("bulletins", "page", ("view", "add", "change")),
        "bulletins.submit_page",
        "bulletins.review_page",
        "bulletins.view_pagetransition",
        "bulletins.review_article",
        "bulletins.change_tag",
        *crud("bulletins", "slugredirect", ("add", "change")),
    )
    roles.grant(
        roles.HEAD,
        "bulletins.publish_article",
        "bulletins.import_article",
        "bulletins.import_category",
        "bulletins.export_article",
        "bulletins.export_category",
        "bulletins.delete_article",
        *crud("bulletins", "category"),
        *crud("bulletins", "tag"),
        *crud("bulletins", "slugredirect"),
        *crud("bulletins", "legacyredirect"),
        *crud("bulletins", "joomlaimportrun", ("view", "delete")),
        "bulletins.view_articletransition",
        *crud("bulletins", "page"),
        "bulletins.publish_page",
        *crud("bulletins", "homepin"),
        "bulletins.delete_libraryphoto",
    )
    roles.grant(
        roles.ADMINISTRATOR,
        *crud("bulletins", "article", ("view", "add", "change")),
        *crud("bulletins", "category", ("view", "add", "change")),
        "bulletins.import_article",
        "bulletins.import_category",
        *crud("bulletins", "tag", ("view", "add")),
        *crud("bulletins", "page", ("view", "add", "change")),
        "bulletins.view_joomlaimportrun",
    )
