"""sign-ins and staff actions: sessions that end with a new password, and a record of password help

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-03 04:55:29.983375

Everyone signed in before this migration is signed out once: their cookies name no sign-in.
"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "sign_in",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["user_id"], ["user.id"], name=op.f("fk_sign_in_user_id_user"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sign_in")),
        sa.UniqueConstraint("token_hash", name=op.f("uq_sign_in_token_hash")),
    )
    with op.batch_alter_table("sign_in", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_sign_in_user_id"), ["user_id"], unique=False)

    op.create_table(
        "staff_action",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column(
            "kind",
            sa.Enum(
                "login_card",
                name="staffactionkind",
                native_enum=False,
                create_constraint=True,
                length=20,
            ),
            nullable=False,
        ),
        sa.Column("actor_id", sa.Integer(), nullable=True),
        sa.Column(
            "actor_role",
            sa.Enum(
                "learner",
                "trainer",
                "translator",
                "admin",
                name="role",
                native_enum=False,
                create_constraint=True,
                length=20,
            ),
            nullable=False,
        ),
        sa.Column("actor_city_id", sa.Integer(), nullable=True),
        sa.Column("subject_id", sa.Integer(), nullable=True),
        sa.Column("subject_city_id", sa.Integer(), nullable=True),
        sa.Column("seminar_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("seen_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["actor_city_id"], ["city.id"], name=op.f("fk_staff_action_actor_city_id_city")
        ),
        sa.ForeignKeyConstraint(
            ["actor_id"],
            ["user.id"],
            name=op.f("fk_staff_action_actor_id_user"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["seminar_id"],
            ["seminar.id"],
            name=op.f("fk_staff_action_seminar_id_seminar"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["subject_city_id"], ["city.id"], name=op.f("fk_staff_action_subject_city_id_city")
        ),
        sa.ForeignKeyConstraint(
            ["subject_id"],
            ["user.id"],
            name=op.f("fk_staff_action_subject_id_user"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_staff_action")),
    )
    with op.batch_alter_table("staff_action", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_staff_action_actor_city_id"), ["actor_city_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_staff_action_created_at"), ["created_at"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_staff_action_subject_city_id"), ["subject_city_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_staff_action_subject_id"), ["subject_id"], unique=False
        )


def downgrade():
    with op.batch_alter_table("staff_action", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_staff_action_subject_id"))
        batch_op.drop_index(batch_op.f("ix_staff_action_subject_city_id"))
        batch_op.drop_index(batch_op.f("ix_staff_action_created_at"))
        batch_op.drop_index(batch_op.f("ix_staff_action_actor_city_id"))

    op.drop_table("staff_action")
    with op.batch_alter_table("sign_in", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_sign_in_user_id"))

    op.drop_table("sign_in")
