"""Sign-in forms: password managers and paste always work (WCAG 3.3.8)."""

from flask_wtf import FlaskForm
from wtforms import HiddenField, PasswordField, StringField
from wtforms.validators import InputRequired, Length


class LoginForm(FlaskForm):
    """Email and password."""

    email = StringField(
        "Email address", validators=[InputRequired("Enter your email address"), Length(max=254)]
    )
    password = PasswordField(
        "Password", validators=[InputRequired("Enter your password"), Length(max=1024)]
    )
    next = HiddenField()


class TotpForm(FlaskForm):
    """The six-digit code from an authenticator app."""

    code = StringField(
        "Security code", validators=[InputRequired("Enter the 6-digit code"), Length(max=12)]
    )
    next = HiddenField()


class PasswordConfirmForm(FlaskForm):
    """Password again, before a destructive action."""

    password = PasswordField(
        "Password", validators=[InputRequired("Enter your password"), Length(max=1024)]
    )
    next = HiddenField()
