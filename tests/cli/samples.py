"""What the CLI test scripts share: small inputs with known findings, and running the binary."""
import os
import subprocess

# IAM018 (warning) at 3:3.
BAD = """AWSTemplateFormatVersion: '2010-09-09'
Resources:
  Key:
    Type: AWS::IAM::AccessKey
    Properties:
      UserName: deployer
"""

CLEAN = """AWSTemplateFormatVersion: "2010-09-09"
Resources:
  Topic:
    Type: AWS::SNS::Topic
"""

# IAM002 (error) at 3:...
ADMIN_POLICY = """{
  "Version": "2012-10-17",
  "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]
}
"""


def clean_env(**extra):
    """The environment without what changes iamlint's output by itself: GITHUB_WORKSPACE (the
    default source root of the sarif and github formats, set when the suite runs in GitHub
    Actions) and NO_COLOR; plus `extra`."""
    env = {k: v for k, v in os.environ.items() if k not in ("GITHUB_WORKSPACE", "NO_COLOR")}
    env.update(extra)
    return env


def run_binary(binary, args, stdin=None, cwd=None, env=None, timeout=60):
    """(exit status, stdout, stderr) of `binary args`, by default in clean_env()."""
    if env is None:
        env = clean_env()
    p = subprocess.run([binary] + args, input=stdin, capture_output=True, text=True, cwd=cwd, env=env,
                       timeout=timeout)
    return p.returncode, p.stdout, p.stderr
