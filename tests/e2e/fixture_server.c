/* placeholder: the fixture server is being written */
int main(void)
{
    return 0;
}
