"""Leaders' pages of learning groups (/<lang>/trainer/groups/): create and change a group, add
people, see the members' progress, print the join sheet, download the progress as CSV.

Trainers and helpers see the groups they run, city admins their city's, global admins all; any
other group answers 404, as a group that does not exist.
"""

from __future__ import annotations

from collections.abc import Callable

from flask import Blueprint, abort, flash, g, redirect, render_template, request, url_for
from flask_babel import format_date
from flask_babel import gettext as _
from flask_login import current_user
from wtforms.fields.choices import SelectChoice

from app.accounts.access import role_required
from app.accounts.roles import GROUP_ROLES, is_global_admin
from app.cities.context import all_cities
from app.content.reading import list_courses
from app.csv_export import csv_response
from app.edge import whole_number
from app.extensions import db
from app.form_errors import add_error
from app.groups import services
from app.groups.forms import GroupForm, PersonForm
from app.groups.tables import group_view, name_of
from app.i18n import content_languages
from app.links import public_url
from app.models import LearningGroup
from app.qr import qr_svg
from app.seminars.services import SeminarFilter, upcoming

#: /<lang>/trainer/groups/
groups_bp = Blueprint("groups", __name__)

#: The city's upcoming seminars offered in the group form.
SEMINARS_TO_CHOOSE = 60


def _group(group_id: int) -> LearningGroup:
    group = services.visible_group(current_user, group_id)
    if group is None:
        abort(404)
    return group


def _fill_choices(form: GroupForm, group: LearningGroup | None) -> dict[str, str]:
    """Courses, seminars and (global admins) cities to choose from; returns each course's label
    language where it is not the page's."""
    cards = list_courses(content_languages())
    form.courses.choices = [SelectChoice(str(card.course.id), card.text.title) for card in cards]
    city_id = group.city_id if group else current_user.city_id
    seminars = upcoming(SeminarFilter(city_id=city_id), limit=SEMINARS_TO_CHOOSE) if city_id else []
    form.seminar.choices = [SelectChoice("", _("No seminar"))] + [
        SelectChoice(
            str(row.seminar.id),
            f"{row.seminar.title} ({format_date(row.seminar.starts_at, 'medium')})",
        )
        for row in seminars
    ]
    if (
        group
        and group.seminar
        and str(group.seminar_id) not in {c.value for c in form.seminar.choices}
    ):
        # A past seminar the group was made for stays choosable.
        form.seminar.choices.append(SelectChoice(str(group.seminar_id), group.seminar.title))
    if current_user.city_id is None and group is None:
        form.city.choices = [SelectChoice("", _("Choose a city"))] + [
            SelectChoice(str(city.id), city.name) for city in all_cities()
        ]
    else:
        del form.city
    return {
        str(card.course.id): card.text.language for card in cards if card.text.language != g.lang
    }


def _data(form: GroupForm) -> services.GroupData:
    return services.GroupData(
        name=form.name.data,
        course_ids=[whole_number(value) or 0 for value in form.courses.data or ()],
        meets=form.meets.data or "",
        seminar_id=whole_number(form.seminar.data) if form.seminar.data else None,
        city_id=whole_number(form.city.data) if "city" in form and form.city.data else None,
    )


@groups_bp.get("/")
@role_required(*GROUP_ROLES)
def index():
    """The groups the signed-in trainer or helper runs (a city admin: the city's)."""
    return render_template(
        "groups/index.html",
        groups=services.groups_for(current_user),
        may_create=services.may_lead(current_user),
    )


@groups_bp.route("/new", methods=["GET", "POST"])
@role_required(*GROUP_ROLES)
def new():
    if not services.may_lead(current_user):
        abort(403)
    form = GroupForm()
    languages = _fill_choices(form, None)
    if form.validate_on_submit():
        try:
            group = services.create_group(current_user, _data(form))
        except services.GroupError as error:
            db.session.rollback()
            add_error(form, str(error.message), error.field)
        else:
            db.session.commit()
            flash(
                _(
                    "The group is made. Its code is %(code)s: participants join with it.",
                    code=services.spaced(group.code),
                ),
                "success",
            )
            return redirect(url_for("groups.show", group_id=group.id))
    return render_template("groups/form.html", form=form, group=None, languages=languages)


@groups_bp.route("/<int:group_id>/edit", methods=["GET", "POST"])
@role_required(*GROUP_ROLES)
def edit(group_id: int):
    group = _group(group_id)
    form = GroupForm(obj=group if request.method == "GET" else None)
    if request.method == "GET":
        form.courses.data = [str(gc.course_id) for gc in group.courses]
        form.seminar.data = str(group.seminar_id or "")
    languages = _fill_choices(form, group)
    if form.validate_on_submit():
        try:
            services.update_group(current_user, group, _data(form))
        except services.GroupError as error:
            db.session.rollback()
            add_error(form, str(error.message), error.field)
        else:
            db.session.commit()
            flash(_("The group is saved."), "success")
            return redirect(url_for("groups.show", group_id=group.id))
    return render_template("groups/form.html", form=form, group=group, languages=languages)


@groups_bp.get("/<int:group_id>/")
@role_required(*GROUP_ROLES)
def show(group_id: int):
    """The group: its members' progress, who has not been active, where people get stuck."""
    return _group_page(_group(group_id))


def _group_page(group: LearningGroup, prefix: str | None = None, sent: PersonForm | None = None):
    """The group's page; *sent* is the form *prefix* that came back with an error (shown in its
    place and in the error summary, with what was typed)."""
    forms = {"invite": PersonForm(prefix="invite"), "leader": _leader_form(group)}
    if prefix is not None and sent is not None:
        sent.username.description = forms[prefix].username.description
        forms[prefix] = sent
    return render_template(
        "groups/show.html",
        group=group,
        view=group_view(group, services.members(group), content_languages()),
        form=sent or forms["invite"],
        invite_form=forms["invite"],
        leader_form=forms["leader"],
        code=services.spaced(group.code),
        inactive_days=services.INACTIVE_AFTER.days,
        stuck_after=services.STUCK_AFTER,
    )


def _leader_form(group: LearningGroup) -> PersonForm:
    form = PersonForm(prefix="leader")
    form.username.description = _("A trainer or learning helper of %(city)s.", city=group.city.name)
    return form


def _back(group: LearningGroup):
    return redirect(url_for("groups.show", group_id=group.id))


def _add_person(group: LearningGroup, prefix: str, add: Callable, said: Callable[[str], str]):
    """Add the person whose username the form *prefix* sends, with *add*; say *said* on success,
    else show the group's page with the form's error and what was typed."""
    form = PersonForm(prefix=prefix)
    if form.validate_on_submit():
        try:
            person = add(current_user, group, form.username.data)
        except services.GroupError as error:
            db.session.rollback()
            add_error(form, str(error.message), "username")
        else:
            db.session.commit()
            flash(said(person.display_name or person.username), "success")
            return _back(group)
    return _group_page(group, prefix, form), 400


@groups_bp.post("/<int:group_id>/invite")
@role_required(*GROUP_ROLES)
def invite(group_id: int):
    """Add someone by username: they are invited, and decide themselves."""
    return _add_person(
        _group(group_id),
        "invite",
        services.invite,
        lambda name: _(
            "%(name)s is invited. They see the invitation under “My groups” when they sign in, and decide there.",
            name=name,
        ),
    )


@groups_bp.post("/<int:group_id>/members/<int:user_id>/remove")
@role_required(*GROUP_ROLES)
def remove_member(group_id: int, user_id: int):
    group = _group(group_id)
    services.remove_member(group, user_id)
    db.session.commit()
    flash(_("The person is no longer in the group."), "success")
    return _back(group)


@groups_bp.post("/<int:group_id>/leaders")
@role_required(*GROUP_ROLES)
def add_leader(group_id: int):
    """Another trainer or helper of the city runs the group too."""
    return _add_person(
        _group(group_id),
        "leader",
        services.add_leader,
        lambda name: _("%(name)s runs the group too.", name=name),
    )


@groups_bp.post("/<int:group_id>/leaders/<int:user_id>/remove")
@role_required(*GROUP_ROLES)
def remove_leader(group_id: int, user_id: int):
    group = _group(group_id)
    try:
        services.remove_leader(current_user, group, user_id)
    except services.GroupError as error:
        db.session.rollback()
        flash(str(error.message), "error")
        return _back(group)
    db.session.commit()
    if user_id == current_user.id and not is_global_admin(current_user):
        flash(_("You no longer run this group."), "success")
        return redirect(url_for("groups.index"))
    flash(_("The person no longer runs the group."), "success")
    return _back(group)


@groups_bp.post("/<int:group_id>/code")
@role_required(*GROUP_ROLES)
def new_code(group_id: int):
    """A new join code: the old one (on a sheet that went astray) stops working."""
    group = _group(group_id)
    code = services.new_code_for(group)
    db.session.commit()
    flash(
        _("The new code is %(code)s. The old code no longer works.", code=services.spaced(code)),
        "success",
    )
    return _back(group)


@groups_bp.route("/<int:group_id>/delete", methods=["GET", "POST"])
@role_required(*GROUP_ROLES)
def delete(group_id: int):
    group = _group(group_id)
    if request.method == "POST":  # the CSRF token is checked for every POST (CSRFProtect)
        services.delete_group(group)
        db.session.commit()
        flash(_("The group “%(name)s” is deleted.", name=group.name), "success")
        return redirect(url_for("groups.index"))
    return render_template("groups/delete.html", group=group)


@groups_bp.get("/<int:group_id>/sheet")
@role_required(*GROUP_ROLES)
def sheet(group_id: int):
    """The join sheet to print (A4): the code in large letters and a QR code to the join page."""
    group = _group(group_id)
    address = public_url(url_for("membership.consent", code=group.code))
    return render_template(
        "groups/sheet.html",
        group=group,
        code=services.spaced(group.code),
        address=address,
        join_address=public_url(url_for("membership.join")),
        qr=qr_svg(address),
    )


@groups_bp.get("/<int:group_id>/progress.csv")
@role_required(*GROUP_ROLES)
def progress_csv(group_id: int):
    """One line per member and lesson or practice, for the trainer's records."""
    group = _group(group_id)
    view = group_view(group, services.members(group), content_languages())
    header = [
        _("Participant"),
        _("Course"),
        # i18n: CSV column: lesson or practice
        _("Lesson or practice"),
        _("Status"),
        _("Done on"),
        _("Several tries needed"),
    ]
    labels = {"done": _("done"), "started": _("started"), "open": _("not started")}
    rows = [
        [
            name_of(row.member),
            table.title,
            column.title,
            labels[cell.state],
            cell.done_at.date().isoformat() if cell.done_at else None,
            cell.stuck,
        ]
        for table in view.tables
        for row in table.rows
        for column, cell in zip(table.columns, row.cells, strict=True)
    ]
    return csv_response(header, rows, f"group-{group.id}.csv")
