"""Participants' pages of learning groups: join with a code (/<lang>/join), say yes or no to what
the group's leaders will see, and one's own groups and invitations (/<lang>/my-groups/)."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from app.content.reading import TextSummary, list_courses
from app.extensions import db, limiter
from app.groups import services
from app.groups.forms import JoinForm
from app.i18n import content_languages

#: /<lang>/join and /<lang>/my-groups/
membership_bp = Blueprint("membership", __name__)

#: Codes typed per address: enough for every typo, too few to guess a code (25⁶ of them).
CODE_TRIES = "20 per minute"
#: Consent pages opened per address: a whole class scanning the join sheet at once, behind the
#: library's one address, gets in; guessing codes this way is still hopeless.
SHEET_SCANS = "60 per minute"


def course_titles() -> dict[int, TextSummary]:
    """course id → its title in the reader's languages (from the kept course list)."""
    return {card.course.id: card.text for card in list_courses(content_languages())}


@membership_bp.route("/join", methods=["GET", "POST"])
@limiter.limit(CODE_TRIES, methods=["POST"])
def join():
    """Type the code the trainer gave (or read out)."""
    form = JoinForm()
    if form.validate_on_submit():
        group = services.group_by_code(form.code.data)
        if group is not None:
            return redirect(url_for("membership.consent", code=group.code))
        form.code.errors.append(
            _(
                "There is no group with this code. Check the code on the sheet, or ask the person who runs the group."
            )
        )
    return render_template("groups/join.html", form=form)


@membership_bp.route("/join/<code>", methods=["GET", "POST"])
@limiter.limit(SHEET_SCANS)
def consent(code: str):
    """What the group's leaders will see, in plain words; join, or say no and learn on alone. The
    QR code on the join sheet leads here."""
    group = services.group_by_code(code)
    if group is None:
        abort(404)
    member = services.membership(current_user, group.id) if current_user.is_authenticated else None
    if current_user.is_authenticated and request.method == "POST":
        services.join(current_user, group)
        db.session.commit()
        flash(
            _(
                "You are in the group “%(name)s”. You can leave it any time under “My groups”.",
                name=group.name,
            ),
            "success",
        )
        return redirect(url_for("membership.mine"))
    if request.method == "POST":
        abort(403)
    return render_template(
        "groups/consent.html",
        group=group,
        member=member,
        course_titles=course_titles(),
    )


@membership_bp.get("/my-groups/")
@login_required
def mine():
    """The groups one is in and the invitations waiting, each with what its leaders see."""
    return render_template(
        "groups/mine.html",
        memberships=services.memberships(current_user),
        course_titles=course_titles(),
    )


@membership_bp.post("/my-groups/<int:group_id>/leave")
@login_required
def leave(group_id: int):
    """Leave a group (or say no to an invitation): its leaders see nothing of yours from now on."""
    if services.leave(current_user, group_id):
        db.session.commit()
        flash(_("You have left the group. Its leaders no longer see your progress."), "success")
    return redirect(url_for("membership.mine"))
