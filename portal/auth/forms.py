"""Sign-in and account forms: password managers and paste always work (WCAG 3.3.8)."""

from wtforms import HiddenField, PasswordField, StringField
from wtforms.validators import InputRequired, Length, Optional

from portal.inputs import PortalForm

CODE_HINT = (
    "Open your authenticator app and enter the 6-digit code it shows for Practice Portal. "
    "Lost your phone? Enter one of your recovery codes instead."
)


class LoginForm(PortalForm):
    """Email and password."""

    email = StringField(
        "Email address", validators=[InputRequired("Enter your email address"), Length(max=254)]
    )
    password = PasswordField(
        "Password", validators=[InputRequired("Enter your password"), Length(max=1024)]
    )
    next = HiddenField()


class TotpForm(PortalForm):
    """The six-digit code from an authenticator app (or a recovery code)."""

    code = StringField(
        "Security code", validators=[InputRequired("Enter the 6-digit code"), Length(max=32)]
    )
    next = HiddenField()


class PasswordConfirmForm(PortalForm):
    """Password again (and the current code when two-step sign-in is on), before a risky action."""

    password = PasswordField(
        "Password", validators=[InputRequired("Enter your password"), Length(max=1024)]
    )
    code = StringField("Security code", validators=[Optional(), Length(max=32)])
    next = HiddenField()


class ChangePasswordForm(PortalForm):
    """The current password, then the new one."""

    current_password = PasswordField(
        "Current password",
        validators=[InputRequired("Enter your current password"), Length(max=1024)],
    )
    new_password = PasswordField(
        "New password", validators=[InputRequired("Enter a new password"), Length(max=1024)]
    )
