"""learning groups and helpers: groups, their courses, leaders and members (with consent); the
role "helper" (Lernbegleitung) in the role columns' CHECK constraints; wrong tries per self-check

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-03 17:55:02.048978

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0015"
down_revision = "0014"
branch_labels = None
depends_on = None

OLD_ROLES = ("learner", "trainer", "translator", "admin")
NEW_ROLES = ("learner", "trainer", "helper", "translator", "admin")
#: Tables and columns typed with the Role enum (CHECK constraint named "role" in both).
ROLE_COLUMNS = (("user", "role"), ("staff_action", "actor_role"))


def _change_roles(new):
    for table, column in ROLE_COLUMNS:
        name = op.f(f"ck_{table}_role")
        # Batch mode copies the table on SQLite (which cannot alter a CHECK constraint) and
        # alters it in place on PostgreSQL.
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_constraint(name, type_="check")
            batch_op.create_check_constraint(name, sa.column(column).in_(new))


def upgrade():
    op.create_table(
        "learning_group",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("city_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=120), nullable=False),
        sa.Column("code", sa.String(length=12), nullable=False),
        sa.Column("meets", sa.String(length=200), nullable=False),
        sa.Column("seminar_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["city_id"], ["city.id"], name=op.f("fk_learning_group_city_id_city")
        ),
        sa.ForeignKeyConstraint(
            ["seminar_id"],
            ["seminar.id"],
            name=op.f("fk_learning_group_seminar_id_seminar"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_learning_group")),
        sa.UniqueConstraint("code", name=op.f("uq_learning_group_code")),
    )
    with op.batch_alter_table("learning_group", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_learning_group_city_id"), ["city_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_learning_group_created_at"), ["created_at"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_learning_group_seminar_id"), ["seminar_id"], unique=False
        )

    op.create_table(
        "group_course",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("group_id", sa.Integer(), nullable=False),
        sa.Column("course_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["course_id"], ["course.id"], name=op.f("fk_group_course_course_id_course")
        ),
        sa.ForeignKeyConstraint(
            ["group_id"],
            ["learning_group.id"],
            name=op.f("fk_group_course_group_id_learning_group"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_group_course")),
        sa.UniqueConstraint(
            "group_id", "course_id", name=op.f("uq_group_course_group_id_course_id")
        ),
    )
    with op.batch_alter_table("group_course", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_group_course_course_id"), ["course_id"], unique=False)

    op.create_table(
        "group_leader",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("group_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["group_id"],
            ["learning_group.id"],
            name=op.f("fk_group_leader_group_id_learning_group"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"], ["user.id"], name=op.f("fk_group_leader_user_id_user"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_group_leader")),
        sa.UniqueConstraint("group_id", "user_id", name=op.f("uq_group_leader_group_id_user_id")),
    )
    with op.batch_alter_table("group_leader", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_group_leader_user_id"), ["user_id"], unique=False)

    op.create_table(
        "group_member",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("group_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("added_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("consented_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["added_by_id"],
            ["user.id"],
            name=op.f("fk_group_member_added_by_id_user"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["group_id"],
            ["learning_group.id"],
            name=op.f("fk_group_member_group_id_learning_group"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"], ["user.id"], name=op.f("fk_group_member_user_id_user"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_group_member")),
        sa.UniqueConstraint("group_id", "user_id", name=op.f("uq_group_member_group_id_user_id")),
    )
    with op.batch_alter_table("group_member", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_group_member_group_id"), ["group_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_group_member_user_id"), ["user_id"], unique=False)

    _change_roles(NEW_ROLES)
    with op.batch_alter_table("check_answer", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("wrong_tries", sa.Integer(), server_default="0", nullable=False)
        )


def downgrade():
    _change_roles(OLD_ROLES)
    with op.batch_alter_table("check_answer", schema=None) as batch_op:
        batch_op.drop_column("wrong_tries")
    with op.batch_alter_table("group_member", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_group_member_user_id"))
        batch_op.drop_index(batch_op.f("ix_group_member_group_id"))

    op.drop_table("group_member")
    with op.batch_alter_table("group_leader", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_group_leader_user_id"))

    op.drop_table("group_leader")
    with op.batch_alter_table("group_course", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_group_course_course_id"))

    op.drop_table("group_course")
    with op.batch_alter_table("learning_group", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_learning_group_seminar_id"))
        batch_op.drop_index(batch_op.f("ix_learning_group_created_at"))
        batch_op.drop_index(batch_op.f("ix_learning_group_city_id"))

    op.drop_table("learning_group")
