from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

# The congress section's models, for the roles below.
CONTENT_MODELS = (
    "congress",
    "document",
    "documentfile",
    "person",
    "media",
    "photoreport",
    "photoreportimage",
    "issuer",
)


class CongressConfig(AppConfig):
    name = "congress"
    verbose_name = _("Congresses and documents")

    def ready(self):
        from portal import registry, roles
        from portal.pagecache.keys import page_number, whole_number
        from portal.paging import PAGE_PARAM

        from . import models, services, sitemaps

        registry.stylesheet("congress/congress.css")

        for model in (
            models.Congress,
            models.DocumentFile,
            models.Person,
            models.PhotoReportImage,
        ):
            registry.page_content(model)
        registry.page_content(
            models.Document, schedule=("published_at", "comments_close_at")
        )
        registry.page_content(models.Media, schedule=("published_at",))
        registry.page_content(models.PhotoReport, schedule=("published_at",))
        registry.listing(models.Document, view_names=["congress:document_list"])
        registry.fixed_page("congress:document_list", "congress:list")
        registry.page_query(
            "congress:list",
            "congress:news",
            "congress:documents",
            "congress:photo_reports",
            "congress:video",
            "congress:audio",
            "congress:feedback",
            params={PAGE_PARAM: page_number},
        )
        registry.page_query(
            "congress:document_list",
            # Bad filter values stay as sent: the register answers them with a 400.
            params={
                PAGE_PARAM: page_number,
                "loai": None,
                "co_quan": None,
                "nam": whole_number,
            },
        )
        registry.page_query(
            "congress:detail",
            "congress:people",
            "congress:photo_report",
            "congress:document_detail",
        )
        registry.sitemap("dai-hoi", sitemaps.CongressSitemap)
        registry.sitemap("van-ban", sitemaps.DocumentSitemap)
        registry.document_maker(services.document_from_imported_file)
        registry.rich_text(models.Congress, fields=("summary",))
        registry.rich_text(models.Document)
        registry.searchable(
            registry.Searchable(
                kind="d",
                label="Văn bản",
                model=models.Document,
                title=("number", "title"),
                middle=("issuer", "abstract"),
                body=("body",),
                summary=("abstract",),
                section=lambda document: document.issuer,
                display_title=str,
            )
        )
        registry.searchable(
            registry.Searchable(
                kind="p",
                label="Phóng sự ảnh",
                model=models.PhotoReport,
                title=("title",),
                middle=("description",),
                summary=("description",),
                select_related=("congress",),
                section=lambda report: report.congress.short_name,
                published=lambda now: models.PhotoReport.objects.published(now).filter(
                    congress__is_published=True
                ),
            )
        )
        content = [
            permission
            for model in CONTENT_MODELS
            for permission in roles.crud("congress", model, ("view", "add", "change"))
        ]
        roles.grant(
            roles.EDITOR,
            *content,
            *roles.crud("congress", "feedback", ("view", "change")),
            "congress.export_feedback",
        )
        roles.grant(
            roles.HEAD,
            *[f"congress.delete_{model}" for model in CONTENT_MODELS],
            *roles.crud("congress", "feedback"),
        )

    def seed_demo(self, stdout):
        from . import demo

        demo.seed(stdout=stdout)
