"""A technical fortress printed as an A4 poster for the wall (seed 001: posted publicly,
with text and pictures, for everyone to attack)."""

from django.utils.translation import gettext as _
from reportlab.lib.units import mm
from reportlab.platypus import Image, Spacer

from gexin.core.printing import build_fitting, content_width, para, styles


def _pictures(key_issue, max_height):
    """The key issue's photos, scaled to the column and to `max_height`."""
    pictures = []
    for attachment in key_issue.attachments.all():
        if not attachment.is_image:
            continue
        try:
            with attachment.file.open("rb") as handle:
                from PIL import Image as PILImage

                with PILImage.open(handle) as image:
                    width, height = image.size
            scale = min(content_width() / width, max_height / height)
            pictures.append(Image(attachment.file.path, width=width * scale, height=height * scale))
        except (OSError, ValueError, NotImplementedError):
            continue  # a file missing from storage, or one reportlab cannot draw
    return pictures


def fortress_poster(key_issue):
    """The poster's PDF bytes: the fortress, its pictures, and the solutions proposed."""
    solutions = list(key_issue.proposed_solutions.select_related("author"))

    def layouts():
        for size, picture_height, shown in ((14, 90 * mm, 12), (11, 60 * mm, 8), (9, 40 * mm, 5)):
            s = styles(size)
            story = [
                para(_("Technical fortress"), s["heading"]),
                para(key_issue.title, s["title"]),
                para(
                    " · ".join(
                        part
                        for part in (
                            str(key_issue.unit),
                            key_issue.owner_label,
                            _("due %(day)s") % {"day": key_issue.due_on.isoformat()}
                            if key_issue.due_on
                            else "",
                            str(key_issue.status_label),
                        )
                        if part
                    ),
                    s["small"],
                ),
            ]
            if key_issue.description:
                story.append(para(key_issue.description, s["body"]))
            story.extend(_pictures(key_issue, picture_height))
            story.append(Spacer(1, size))
            story.append(para(_("Solutions proposed so far"), s["heading"]))
            for solution in solutions[:shown]:
                story.append(para(f"{solution.author}: {solution.text}", s["item"], bullet="•"))
            if not solutions:
                story.append(
                    para(_("None yet: attack it! Post your solution in gexin."), s["body"])
                )
            elif len(solutions) > shown:
                story.append(
                    para(
                        _("… and %(count)s more in gexin.") % {"count": len(solutions) - shown},
                        s["small"],
                    )
                )
            yield story

    return build_fitting(layouts(), title=key_issue.title, footer=str(key_issue.unit))
